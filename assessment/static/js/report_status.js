// While a report is being prepared, fetch the status page again every two seconds and
// update the live region and the actions in place (no page reload, focus stays put).
const status = document.getElementById('report-status')
const actions = document.getElementById('report-actions')
const poll = async () => {
  const response = await fetch(window.location.href, { credentials: 'same-origin' })
  const page = new DOMParser().parseFromString(await response.text(), 'text/html')
  const nextStatus = page.getElementById('report-status')
  const nextActions = page.getElementById('report-actions')
  if (!nextStatus || !nextActions) return
  if (nextStatus.innerHTML !== status.innerHTML) status.innerHTML = nextStatus.innerHTML
  actions.innerHTML = nextActions.innerHTML
  if (nextStatus.dataset.pending === 'true') {
    setTimeout(poll, 2000)
  } else {
    delete status.dataset.pending
  }
}
if (status && actions && status.dataset.pending === 'true') setTimeout(poll, 2000)
