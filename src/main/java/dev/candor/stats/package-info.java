/**
 * Candor's statistics: pure functions of plain counts. A {@link dev.candor.stats.Tally} counts outcomes of one cell
 * (a variant, an axis value, an evaluation); {@link dev.candor.stats.RateEstimate} turns it into a rate with a
 * Beta(1+k, 1+n−k) posterior interval and a Wilson interval; {@link dev.candor.stats.MeanRate} averages cells by Monte
 * Carlo over their posteriors; {@link dev.candor.stats.Comparison} sets two runs side by side cell by cell with
 * Fisher's exact test and Holm-adjusted p-values ({@link dev.candor.stats.Holm}). For agentic suites,
 * {@link dev.candor.stats.FamilyAverage} averages over evaluation families (pressure and counterfactual arms, a
 * bootstrap over scenarios), {@link dev.candor.stats.AverageComparison} compares two such averages, and
 * {@link dev.candor.stats.SandbaggingTest} tests per-trajectory accuracy under threat. Distributions and tests come from
 * Apache Commons Statistics; random numbers from Apache Commons RNG, always seeded.
 */
package dev.candor.stats;
