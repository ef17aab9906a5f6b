// Draw the page's charts with Plotly, from the figure JSON placed next to each one.
// No inline script: figures travel as <script type="application/json">, which the
// browser never runs. Charts are drawn as they come near the screen (a result page has
// a dozen or more), and all at once before printing. Without JavaScript the captions,
// summaries and data tables still carry every number.
(function () {
  'use strict'
  if (typeof window.Plotly === 'undefined') { return }
  var config = { displayModeBar: false, responsive: true }
  var pending = Array.prototype.slice.call(document.querySelectorAll('[data-chart-json]'))

  function draw (element) {
    if (element.getAttribute('data-chart-drawn')) { return }
    element.setAttribute('data-chart-drawn', 'true')
    var source = document.getElementById(element.getAttribute('data-chart-json'))
    if (!source) { return }
    var figure = JSON.parse(source.textContent)
    var layout = figure.layout || {}
    // The page shows the title as a heading just above: do not repeat it in the drawing.
    layout.title = { text: '' }
    if (layout.margin && layout.margin.t > 50) { layout.margin.t -= 40 }
    window.Plotly.newPlot(element, figure.data, layout, config)
  }

  function drawAll () { pending.forEach(draw) }

  window.addEventListener('beforeprint', drawAll)
  if (!('IntersectionObserver' in window)) { drawAll(); return }
  var observer = new window.IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target)
        draw(entry.target)
      }
    })
  }, { rootMargin: '400px 0px' })
  pending.forEach(function (element) { observer.observe(element) })
})()
