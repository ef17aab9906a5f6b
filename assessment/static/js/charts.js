// Draw the page's charts with Plotly, from the figure JSON placed next to each one.
// No inline script: figures travel as <script type="application/json">, which the
// browser never runs. Charts are drawn as they come near the screen (a result page has
// a dozen or more), and all at once before printing. Without JavaScript the captions,
// summaries and data tables still carry every number.
//
// A chart may carry a second figure laid out for narrow screens (a phone): it is drawn
// when the chart's box is narrower than NARROW_WIDTH, and the drawing is swapped when a
// resize crosses that width. Each chart's "Show as table" button (hidden until this
// script runs) switches between the drawing and its data table.
(function () {
  'use strict'
  // Keep in step with assessment/charting/style.py NARROW_WIDTH.
  var NARROW_WIDTH = 600
  var config = { displayModeBar: false, responsive: true }
  var plotly = typeof window.Plotly !== 'undefined' ? window.Plotly : null
  var pending = Array.prototype.slice.call(document.querySelectorAll('[data-chart-json]'))

  function variant (element) {
    var narrow = element.getAttribute('data-chart-narrow')
    var width = element.clientWidth || element.parentNode.clientWidth
    return narrow && width < NARROW_WIDTH ? narrow : element.getAttribute('data-chart-json')
  }

  function plot (element, sourceId) {
    var source = document.getElementById(sourceId)
    if (!source) { return }
    var figure = JSON.parse(source.textContent)
    var layout = figure.layout || {}
    // The page shows the title as a heading just above: do not repeat it in the drawing.
    layout.title = { text: '' }
    if (layout.margin && layout.margin.t > 50) { layout.margin.t -= 40 }
    element.setAttribute('data-chart-drawn', sourceId)
    plotly.newPlot(element, figure.data, layout, config)
  }

  function draw (element) {
    // A chart switched to its table is drawn when it is shown again (it has no width now).
    if (!plotly || element.getAttribute('data-chart-drawn') || element.hidden) { return }
    plot(element, variant(element))
  }

  function redrawIfCrossed (element) {
    var drawn = element.getAttribute('data-chart-drawn')
    if (drawn && !element.hidden && drawn !== variant(element)) {
      plotly.purge(element)
      plot(element, variant(element))
    }
  }

  function setUpToggle (button) {
    var figure = button.closest('figure')
    var chart = figure.querySelector('[data-chart-json]')
    var data = document.getElementById(button.getAttribute('aria-controls'))
    var label = button.querySelector('[data-chart-toggle-label]')
    var status = figure.querySelector('[data-chart-status]')
    if (!chart || !data || !label) { return }

    function show (table, announce) {
      data.hidden = !table
      chart.hidden = table
      button.setAttribute('aria-expanded', table ? 'true' : 'false')
      label.textContent = button.getAttribute(table ? 'data-show-chart' : 'data-show-table')
      if (announce && status) {
        status.textContent = button.getAttribute(table ? 'data-table-shown' : 'data-chart-shown')
      }
      if (!table) {
        draw(chart)
        redrawIfCrossed(chart)
        if (plotly && chart.getAttribute('data-chart-drawn')) { plotly.Plots.resize(chart) }
      }
    }

    button.addEventListener('click', function () { show(data.hidden, true) })
    button.hidden = false
    show(false, false)
  }

  // Without the drawing library there is nothing to switch to: the tables stay.
  if (!plotly) { return }
  Array.prototype.slice.call(document.querySelectorAll('[data-chart-toggle]')).forEach(setUpToggle)

  var resizing = null
  window.addEventListener('resize', function () {
    window.clearTimeout(resizing)
    resizing = window.setTimeout(function () { pending.forEach(redrawIfCrossed) }, 150)
  })

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
