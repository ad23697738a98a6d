/**
 * Candor's report output, from plain data: {@link dev.candor.report.Tables} (text, JSON, CSV),
 * {@link dev.candor.report.Figure} (the headline rate-per-variant figure as PNG or SVG, drawn once with Java2D) and
 * {@link dev.candor.report.HtmlReport} (one self-contained HTML file). Inputs are {@link dev.candor.report.RunInfo},
 * {@link dev.candor.report.RunResults}, {@link dev.candor.report.RunComparison} and {@link dev.candor.report.Example};
 * nothing here touches a store or a model. Model output and prompts are always HTML-escaped with
 * {@link dev.candor.report.Html#escape(String)}.
 */
package dev.candor.report;
