"""An organisation's results: capability, charts data, targets, dashboards and exports."""
