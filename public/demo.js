// Demo host page: shows what an organiser's page can do with the widget's
// DOM events. Nothing here is part of the widget.
const host = document.getElementById('precheck');
const log = document.getElementById('event-log');
const button = document.getElementById('register');

function record(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify(detail)}`;
  log.prepend(item);
  window.precheckEvents = window.precheckEvents || [];
  window.precheckEvents.push({ name, detail });
}

host.addEventListener('precheck:readiness', (event) => {
  record('precheck:readiness', event.detail);
  button.disabled = !event.detail.eligible;
});
host.addEventListener('precheck:photo', (event) => {
  const { blob, ...rest } = event.detail;
  record('precheck:photo', { ...rest, blobBytes: blob ? blob.size : null });
});
