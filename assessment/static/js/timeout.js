// Session-timeout warning (WCAG 2.2.1): opens a dialog two minutes before the server
// would end an idle session, and extends it with a keep-alive request when the person
// asks ("Stay on this page" or Escape). If the session has already ended, the dialog
// says so instead of closing as if nothing happened.
const dialog = document.getElementById('timeout-dialog')
if (dialog && typeof dialog.showModal === 'function') {
  const idleMs = Number(dialog.dataset.idleMinutes) * 60 * 1000
  const warnMs = Math.max(idleMs - 2 * 60 * 1000, idleMs / 2)
  const extendButton = document.getElementById('timeout-extend')
  const status = document.getElementById('timeout-status')
  let timer = null
  let ended = false
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => dialog.showModal(), warnMs)
  }
  const extend = async () => {
    if (ended) {
      dialog.close()
      return
    }
    let extended = false
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: 'POST',
        headers: { 'X-CSRFToken': dialog.dataset.csrfToken },
        credentials: 'same-origin'
      })
      extended = response.ok
    } catch (error) {
      extended = false
    }
    if (extended) {
      dialog.close()
      arm()
    } else {
      ended = true
      status.textContent = dialog.dataset.endedMessage
      extendButton.textContent = dialog.dataset.closeLabel
    }
  }
  extendButton.addEventListener('click', extend)
  dialog.addEventListener('cancel', (event) => {
    // Escape means "I am still here": extend rather than dismiss silently.
    event.preventDefault()
    extend()
  })
  arm()
}
