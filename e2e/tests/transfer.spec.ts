import { test, expect } from './fixtures';

// The build leaves a brotli copy of the wasm, and the relay sends it to browsers that take
// brotli (over HTTPS they all do; Chromium does not offer it to http://127.0.0.1, so the
// request asks for it itself). The bytes, once decoded, are the build's own.
test('the wasm goes out as the build\'s brotli copy to clients that take brotli', async ({ request }) => {
  const sw = await (await request.get('/sw.js')).text();
  const list: string[] = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/)![1]);
  const wasm = list.find((f) => /\.wasm$/.test(f))!;
  expect(list.some((f) => f.endsWith('.br')), 'the copies are not precached').toBe(false);

  const plain = await request.get(wasm, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.status()).toBe(200);
  const original = await plain.body();

  const br = await request.get(wasm, { headers: { 'accept-encoding': 'br' } });
  expect(br.status()).toBe(200);
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['content-type']).toBe('application/wasm');
  const copy = await request.get(`${wasm}.br`);
  expect(copy.status()).toBe(200);
  const sent = (await copy.body()).length;
  expect(sent, 'brotli is smaller than the wasm by far').toBeLessThan(original.length / 2);
  // Playwright decodes what it received: it must be the build's wasm, byte for byte.
  expect(Buffer.compare(await br.body(), original)).toBe(0);

  const gz = await request.get(wasm, { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  expect(Buffer.compare(await gz.body(), original)).toBe(0);
});
