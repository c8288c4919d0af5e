// The standalone page only (index.html): after the first visit the page works
// offline. The embedding loader (precheck.js) never registers a service
// worker: on a host's page the host owns the service worker scope.
if ('serviceWorker' in navigator) {
  const register = () => {
    navigator.serviceWorker.register(new URL('sw.js', import.meta.url)).catch((err) => {
      console.warn('precheck: offline copy unavailable:', err);
    });
  };
  // After load, so caching the app does not compete with starting it.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
