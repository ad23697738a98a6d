package dev.candor;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.candor.archfixture.model.EnvReadingProvider;
import dev.candor.archfixture.model.LeakyProvider;
import dev.candor.archfixture.report.Screen;
import dev.candor.archfixture.store.Db;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The architecture of src/test/resources/architecture.json (a copy of shared/ARCHITECTURE.md's picture), checked on the
 * main code's bytecode, so an inline fully qualified name hides no arrow. Each part is a package {@code dev.candor.<part>}
 * with its subpackages. (a) no arrow on the "never" list; (b) no cycle between parts; (c) every dependency between parts
 * is an allowed arrow or one of {@link #EXTRA_ARROWS}; (d) the root package {@code dev.candor} (Jackson, Yaml, Resources,
 * CacheDir, CandorVersion), which every part may use, depends on no part; (e) every class lives in the root or a part;
 * (f) only {@code cli.EnvVars} reads the environment ({@code System.getenv}).
 */
class ArchitectureTest {

  /**
   * Arrows the picture leaves implicit, each a real dependency, not a shortcut. Keep this short: an arrow that is a
   * shortcut belongs in the code's fix list, not here.
   */
  static final Map<List<String>, String> EXTRA_ARROWS = Map.of(
      // the composition root registers the providers (ModelRegistry) and wires runs over core's samples
      List.of("Cli", "Model"), "the composition root registers providers",
      List.of("Cli", "Core"), "the composition root wires runs over core's samples",
      // show and analyze print the statistics records report and analysis return (averages, sandbagging tests)
      List.of("Cli", "Stats"), "the CLI prints the statistics records report and analysis return",
      // core's nouns are made of model's (a Sample's input, a Transcript's turns and a trajectory's messages are
      // model.Message lists), so a part that holds a core noun holds model types: that is a real dependency on model.
      List.of("Env", "Model"), "scenarios are core Samples: model.Message and model.ToolCall lists (Core -> Model)",
      List.of("Suite", "Model"), "suites compose core's nouns (model.Message lists) with the tool loop over a model",
      List.of("Store", "Model"), "stores core's nouns, which are model.Message lists (Core -> Model)",
      List.of("Export", "Model"), "exports core's nouns, which are model.Message lists (Core -> Model)",
      List.of("Report", "Model"), "shows core's nouns (model.Message lists) and the model's provenance (model.ServedModel)",
      List.of("Analysis", "Model"), "interventions and judges re-ask a model over core's nouns (model.Message lists)");

  /** The parts and arrows of the architecture file, for parts that are packages under {@code root}. */
  record Architecture(String root, Map<String, String> packages, Set<List<String>> arrows, Map<List<String>, String> never) {
    static Architecture load(String resource, String root) throws IOException {
      JsonNode json;
      try (InputStream in = ArchitectureTest.class.getResourceAsStream(resource)) {
        json = new ObjectMapper().readTree(in);
      }
      Map<String, String> packages = new LinkedHashMap<>();
      json.get("parts").fields().forEachRemaining(e -> {
        String dir = e.getValue().get("is").get(0).asText(); // src/main/java/dev/candor/<part>/
        String[] segments = dir.split("/");
        packages.put(e.getKey(), root + "." + segments[segments.length - 1]);
      });
      Set<List<String>> arrows = new LinkedHashSet<>();
      json.get("arrows").forEach(a -> arrows.add(List.of(a.get(0).asText(), a.get(1).asText())));
      Map<List<String>, String> never = new LinkedHashMap<>();
      json.get("never").forEach(a -> never.put(List.of(a.get(0).asText(), a.get(1).asText()), a.get(2).asText()));
      return new Architecture(root, packages, arrows, never);
    }

    String pkg(String part) { return packages.get(part) + ".."; }

    /** Every rule, each failing with the offending classes and the rule's reason. */
    List<ArchRule> rules(Map<List<String>, String> extraArrows) {
      List<ArchRule> rules = new ArrayList<>();
      never.forEach((arrow, reason) -> rules.add(noClasses().that().resideInAPackage(pkg(arrow.get(0)))
          .should().dependOnClassesThat().resideInAPackage(pkg(arrow.get(1)))
          .as(arrow.get(0) + " -> " + arrow.get(1) + " must never exist: " + reason + " (architecture.json \"never\")").allowEmptyShould(true)));
      rules.add(slices().matching(root + ".(*)..").should().beFreeOfCycles()
          .as("no cycle between parts: data flows one way").allowEmptyShould(true));
      for (String from : packages.keySet()) {
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(pkg(from));
        List<String> named = new ArrayList<>();
        for (List<String> a : arrows) if (a.get(0).equals(from)) { allowed.add(pkg(a.get(1))); named.add(a.get(1)); }
        for (List<String> a : extraArrows.keySet()) if (a.get(0).equals(from)) { allowed.add(pkg(a.get(1))); named.add(a.get(1) + " (extra)"); }
        rules.add(classes().that().resideInAPackage(pkg(from)).should().onlyDependOnClassesThat(
                not(resideInAPackage(root + "..")).or(resideInAPackage(root)).or(resideInAnyPackage(allowed.toArray(String[]::new))))
            .as(from + " may depend only on " + (named.isEmpty() ? "no other part" : String.join(", ", named))
                + " and the root package " + root + " (architecture.json \"arrows\", ArchitectureTest.EXTRA_ARROWS)")
            .allowEmptyShould(true));
      }
      rules.add(noClasses().that().resideInAPackage(root).should().dependOnClassesThat(resideInAPackage(root + "..").and(not(resideInAPackage(root))))
          .as("the root package " + root + " depends on no part: every part uses it").allowEmptyShould(true));
      String[] known = packages.values().stream().map(p -> p + "..").toArray(String[]::new);
      rules.add(classes().that().resideInAPackage(root + "..").should().resideInAPackage(root).orShould().resideInAnyPackage(known)
          .as("every package under " + root + " is one of architecture.json's parts (add a new part there first)").allowEmptyShould(true));
      rules.add(noClasses().that().resideInAPackage(root + "..").and().doNotHaveFullyQualifiedName(root + ".cli.EnvVars")
          .should().callMethod(System.class, "getenv").orShould().callMethod(System.class, "getenv", String.class)
          .as("only " + root + ".cli.EnvVars reads environment variables (System.getenv): lower layers take typed settings and throw domain errors")
          .allowEmptyShould(true));
      return rules;
    }

    /** The failure report of every rule that {@code classes} break, empty when none. */
    String violations(JavaClasses classes, Map<List<String>, String> extraArrows) {
      return rules(extraArrows).stream().map(r -> r.evaluate(classes)).filter(EvaluationResult::hasViolation)
          .map(r -> r.getFailureReport().toString()).collect(Collectors.joining("\n"));
    }
  }

  @Test
  void mainCodeFollowsTheArchitecture() throws IOException {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.candor");
    assertThat(main.size()).as("main classes imported").isGreaterThan(100);
    Architecture arch = Architecture.load("/architecture.json", "dev.candor");
    for (List<String> extra : EXTRA_ARROWS.keySet()) {
      assertThat(arch.packages()).as("extra arrow " + extra).containsKeys(extra.get(0), extra.get(1));
      assertThat(arch.never()).as("an extra arrow may not override a never").doesNotContainKey(extra);
    }
    String violations = arch.violations(main, EXTRA_ARROWS);
    assertThat(violations).as("architecture violations").isEmpty();
  }

  /** The same rules on a deliberately bad fixture (its own package, imported alone) report what it breaks. */
  @Test
  void aForbiddenArrowAndACycleAreReported() throws IOException {
    JavaClasses bad = new ClassFileImporter().importClasses(LeakyProvider.class, EnvReadingProvider.class, Db.class, Screen.class);
    String violations = Architecture.load("/architecture.json", "dev.candor.archfixture").violations(bad, Map.of());
    System.out.println(violations);
    assertThat(violations)
        .contains("Rule 'Model -> Store must never exist: providers do not persist")
        .contains("Method <" + LeakyProvider.class.getName() + ".generate()> calls method <" + Db.class.getName() + ".save(java.lang.String)>")
        .contains("Rule 'Store -> Report must never exist: storage knows no screen")
        .contains("Rule 'Model may depend only on no other part")
        .contains("Rule 'Store may depend only on Core")
        .contains("Rule 'no cycle between parts").contains("Cycle detected: Slice report").contains("Dependencies of Slice store")
        .contains("Rule 'only dev.candor.archfixture.cli.EnvVars reads environment variables")
        .contains("Method <" + EnvReadingProvider.class.getName() + ".key()> calls method <java.lang.System.getenv(java.lang.String)>");
  }
}
