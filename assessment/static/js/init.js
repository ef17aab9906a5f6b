// Start the govuk-frontend components (error summary focus, character counts, ...).
import { initAll } from '/static/dist/govuk/govuk-frontend.min.js'
initAll()
