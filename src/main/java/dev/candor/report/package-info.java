/**
 * Candor's report output, from plain data: {@link dev.candor.report.Tables} (text; JSON by serialising row records;
 * CSV through commons-csv), {@link dev.candor.report.Figure} (the rate-with-95%-interval figure as PNG or SVG, laid
 * out once as an {@link dev.candor.report.IntervalChart}: the one interval chart of every page and file) and
 * {@link dev.candor.report.HtmlReport} (one self-contained HTML file). Inputs are {@link dev.candor.report.RunInfo},
 * {@link dev.candor.report.RunResults}, {@link dev.candor.report.RunComparison} and {@link dev.candor.report.Example}.
 * HTML comes from templates under {@code src/main/jte} (compiled at build time): the report ({@code report.jte}) and
 * the viewer's pages ({@code view/*.jte}) share the page shell, the one stylesheet and the partials (rate table,
 * comparison table, transcript message, marked text, diff, interval chart), and every value a template writes is
 * escaped by {@link dev.candor.report.Templates} with {@link dev.candor.report.Html#escape(String)}.
 */
package dev.candor.report;
