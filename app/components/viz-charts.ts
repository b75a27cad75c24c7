// The only parts of @shopify/polaris-viz the admin uses, re-exported so the bundler keeps
// just these in the chart chunk (the package index re-exports every chart it has).
export { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
