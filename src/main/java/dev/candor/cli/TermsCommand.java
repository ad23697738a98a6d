package dev.candor.cli;

import dev.candor.analysis.Reasoning;
import dev.candor.analysis.ReferenceFrequencies;
import dev.candor.analysis.TermAnalysis;
import dev.candor.analysis.TermsFigure;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "terms", mixinStandardHelpOptions = true,
    description = {"Terminology of the reasoning across runs: per checkpoint (runs of the same model pooled; --by run for each run)",
        "the rate per 1,000 reasoning words of the tracked terms (RESEARCH.md's list; add yours with --terms), and the words",
        "most over-represented relative to SUBTLEXus general English frequencies. Rates are length-controlled: the mean of",
        "each trajectory's own rate, with 95%% bootstrap intervals over trajectories. Writes a figure with --figure."})
final class TermsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", arity = "1..*", description = "Runs (ids, unique id prefixes, or names), in checkpoint order.") List<String> runIds;
  @Option(names = "--terms", paramLabel = "FILE", description = "More terms to track, one word per line ('#' comments).") Path terms;
  @Option(names = "--by", defaultValue = "checkpoint", description = "checkpoint (runs of one model pooled) or run (default ${DEFAULT-VALUE}).") String by;
  @Option(names = "--figure", paramLabel = "FILE.png|FILE.svg", description = "Write the rates across groups as a figure.") Path figure;
  @Option(names = "--min-count", defaultValue = "5", description = "Discovery: minimum uses of a word in a group (default ${DEFAULT-VALUE}).") int minCount;
  @Option(names = "--min-trajectories", defaultValue = "3", description = "Discovery: minimum trajectories using it (default ${DEFAULT-VALUE}).") int minTrajectories;
  @Option(names = "--top", defaultValue = "15", description = "Discovery: words listed per group (default ${DEFAULT-VALUE}).") int top;
  @Option(names = "--bootstrap", defaultValue = "400", description = "Bootstrap resamples per interval (default ${DEFAULT-VALUE}; 0 for none).") int bootstrap;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (!by.equals("checkpoint") && !by.equals("run")) throw new IllegalArgumentException("--by: expected checkpoint or run, got '" + by + "'");
    TermAnalysis.Options o = new TermAnalysis.Options(minCount, minTrajectories, top, bootstrap, TermAnalysis.Options.DEFAULT.seed());
    List<String> termList = terms == null ? TermAnalysis.defaultTerms() : TermAnalysis.termsWith(terms);
    ReferenceFrequencies ref = ReferenceFrequencies.standard();
    try (Store store = db.read()) {
      Map<String, List<String>> groups = new LinkedHashMap<>();
      for (String id : runIds) {
        RunRecord r = store.runs().resolve(id);
        String key = by.equals("run") ? (r.name() == null ? r.id() : r.name()) : checkpoint(r.model());
        List<String> texts = groups.computeIfAbsent(key, k -> new ArrayList<>());
        store.trajectories().forEach(r.id(), t -> {
          if (!t.failed()) texts.add(Reasoning.all(t));
        });
        System.err.println(Terminal.safe("candor: " + r.id() + " (" + r.model() + ") -> " + key));
      }
      List<TermAnalysis.Group> out = new ArrayList<>();
      groups.forEach((name, texts) -> out.add(TermAnalysis.analyse(name, texts, termList, ref, o)));
      System.out.print(Terminal.safe(TermAnalysis.render(out, ref, o)));
      if (figure != null) {
        try {
          TermsFigure.of("Reasoning terminology across " + (by.equals("run") ? "runs" : "checkpoints"), out, 6).write(figure);
        } catch (IOException e) {
          throw new UncheckedIOException("--figure: cannot write '" + figure + "': " + e.getMessage(), e);
        }
        System.out.println("\nfigure: " + figure.toAbsolutePath());
      }
      return 0;
    }
  }

  /** The checkpoint a model spec names: the part after the provider (organism/rl-late → rl-late). */
  static String checkpoint(String model) {
    int i = model.indexOf('/');
    return i < 0 ? model : model.substring(i + 1);
  }
}
