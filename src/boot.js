// Chooses the module a page starts with (docs/ARCHITECTURE.md, decision 19). Trunk inlines
// this file into index.html (`pattern_script` in Trunk.toml), so a start waits for no extra
// request; the call at the end of that script names the app's hashed files.
//
// A device that already has the app's database starts the whole app at once. A first visit
// starts the door (src/door.rs): the welcome screen without Automerge, a fraction of the
// app's size, which loads the app through `window.retaguardaAbrirApp` when the person acts.
// An invite link (a team's join= or a single-use invite=) needs the app's join prompt, so it starts the app too. When in doubt (no
// `indexedDB.databases`), the app: it can do everything the door does.
const DB_NAME = 'retaguarda';
const DOOR_JS = '/retaguarda-door.js';
const DOOR_WASM = '/retaguarda-door_bg.wasm';
// Set once the app has started in this browser (which opens its database), so later starts
// skip even the list of databases.
const STARTED = 'retaguarda:app';

async function boot(appJs, appWasm) {
  let loading = null;
  // Fetches and compiles the app, calls `before` (the door leaves the page), then starts it.
  window.retaguardaAbrirApp = async (before) => {
    loading ??= Promise.all([import(appJs), compile(appWasm)]);
    let app, module;
    try {
      [app, module] = await loading;
    } catch (err) {
      loading = null; // A retry fetches again.
      throw err;
    }
    if (before) before();
    started();
    try {
      await app.default({ module_or_path: module });
    } catch (err) {
      failed();
      throw err;
    }
  };
  if (await hasData()) {
    started();
    const app = await import(appJs);
    await app.default({ module_or_path: appWasm });
  } else {
    const door = await import(DOOR_JS);
    await door.default({ module_or_path: DOOR_WASM });
  }
  shown();
}

// The first screen is up: public/pwa.js registers the service worker only now, so on a
// first visit its precache of the whole app does not compete with the door for the network.
function shown() {
  window.retaguardaMostrada = true;
  window.dispatchEvent(new Event('retaguarda:mostrada'));
}

// Whether this browser already holds the app's database. Only its name is read: the
// database is opened by the app's storage module alone.
async function hasData() {
  if (location.hash.includes('join=') || location.hash.includes('invite=')) return true;
  try {
    if (localStorage.getItem(STARTED)) return true;
    if (!indexedDB.databases) return true;
    return (await indexedDB.databases()).some((db) => db.name === DB_NAME);
  } catch {
    return true;
  }
}

function started() {
  try {
    localStorage.setItem(STARTED, '1');
  } catch {
    // Storage refused (private mode): the list of databases still tells.
  }
}

async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

// The door has left and the app did not start: say so instead of a blank page.
function failed() {
  const p = document.createElement('p');
  p.className = 'splash';
  p.setAttribute('role', 'alert');
  p.textContent = 'Não foi possível abrir a Retaguarda. Recarregue a página para tentar de novo.';
  document.body.append(p);
}
