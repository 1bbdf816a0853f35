// Registers the service worker and tells the app when a new version is waiting.
// The update is applied only when the person asks, so a page never mixes two builds.
(function () {
  // The install prompt may come before the app starts: keep it for its "Instalar" button.
  window.addEventListener('beforeinstallprompt', function (e) {
    e.preventDefault();
    window.retaguardaInstallPrompt = e;
    window.dispatchEvent(new Event('retaguarda:install-ready'));
  });
  if (!('serviceWorker' in navigator)) return;
  var hadController = !!navigator.serviceWorker.controller;
  var reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    // The first install takes control without a reload; from then on this page has a
    // controller, so the next change is a real update and reloads.
    if (!hadController) { hadController = true; return; }
    if (reloading) return;
    reloading = true;
    window.location.reload();
  });
  function register() {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(function (reg) {
      function ready() {
        window.retaguardaUpdateReady = true;
        window.dispatchEvent(new Event('retaguarda:update-ready'));
      }
      window.retaguardaApplyUpdate = function () {
        if (reg.waiting) reg.waiting.postMessage('SKIP_WAITING');
      };
      if (reg.waiting && navigator.serviceWorker.controller) ready();
      reg.addEventListener('updatefound', function () {
        var worker = reg.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) ready();
        });
      });
    }).catch(function (err) {
      console.warn('Service worker não registrado:', err);
    });
  }
  // After the first screen (src/boot.js says when), so the precache of the whole app does
  // not slow the first screen of a first visit.
  if (window.retaguardaMostrada) register();
  else window.addEventListener('retaguarda:mostrada', register, { once: true });
})();
