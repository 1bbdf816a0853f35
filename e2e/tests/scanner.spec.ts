import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openApp } from './pages';

// A camera and a BarcodeDetector that "see" whatever code the test puts in front of them:
// the app's real scanning path runs (getUserMedia, <video>, detect loop), only the pixels
// are fake.
async function fakeCamera(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __code?: string; BarcodeDetector?: unknown };
    w.BarcodeDetector = class {
      formats: string[];
      constructor(options: { formats: string[] }) { this.formats = options.formats; }
      async detect() {
        const code = w.__code;
        return code ? [{ rawValue: code, format: this.formats[0] }] : [];
      }
    };
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64; canvas.height = 64;
      canvas.getContext('2d')!.fillRect(0, 0, 64, 64);
      return canvas.captureStream(5);
    };
  });
}

async function show(page: Page, code: string) {
  await page.evaluate((c) => { (window as unknown as { __code?: string }).__code = c; }, code);
}

test('the camera reads a product barcode, a sale item and a boleto', async ({ page }) => {
  await fakeCamera(page);
  await openApp(page, '/estoque');

  // New product: the GTIN comes from the camera.
  await page.getByTestId('novo-produto').click();
  const form = page.getByTestId('produto-form');
  await form.getByLabel('Nome').fill('Pão de forma');
  await form.getByLabel('Código (SKU)').fill('PAO1');
  await form.getByLabel('Custo por unidade (R$)').fill('5,00');
  await show(page, '7891000315507');
  await form.getByRole('button', { name: 'Ler código de barras' }).click();
  await expect(form.getByLabel('Código de barras (GTIN)')).toHaveValue('7891000315507');
  await form.getByLabel('Preço de venda (R$)').fill('8,50');
  await page.getByTestId('salvar-produto').press('Enter');
  await expect(page.getByTestId('produto-form')).toHaveCount(0);

  // Venda: reading the code puts the product in the cart.
  await page.goto('/estoque/venda');
  await expect(page.getByTestId('area-title')).toHaveText('Venda');
  await show(page, '7891000315507');
  await page.getByTestId('ler-codigo').click();
  await expect(page.getByTestId('carrinho-item')).toContainText('Pão de forma');
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 8,50');

  // Caixa: a payable from the boleto's barcode read by the camera.
  await page.goto('/caixa');
  await page.getByTestId('nova-pagar').click();
  await show(page, '10499898100000214032006561000100040099726390');
  await page.getByRole('button', { name: 'Ler boleto com a câmera' }).click();
  await expect(page.getByTestId('boleto-ok')).toContainText('R$ 214,03');
  await expect(page.getByTestId('conta-valor')).toHaveValue('214,03');
});

test('without a camera reader the typed fallback is offered', async ({ page }) => {
  await page.addInitScript(() => { delete (window as unknown as { BarcodeDetector?: unknown }).BarcodeDetector; });
  await openApp(page, '/estoque/venda');
  await expect(page.getByTestId('ler-codigo')).toHaveCount(0);
  await expect(page.getByTestId('sem-camera')).toContainText('digite o código abaixo');
  await expect(page.getByLabel('Digite o código de barras')).toBeVisible();
});
