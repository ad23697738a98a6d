package dev.candor.model.replay;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.nio.file.Path;

/**
 * The {@code replay} provider: {@code replay/FILE} answers from an exported JSONL run, so stored outputs can be
 * re-graded without calling a model. FILE is a path (relative to the working directory; {@code replay//abs/path}
 * for an absolute one). See {@link ReplayModel} for the line format and matching rules. The file is read once, when
 * the model is created; a bad file fails then, with the file and line named.
 */
public final class ReplayProvider implements ModelProvider {
  @Override public String name() { return "replay"; }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName == null || modelName.isBlank())
      throw InvalidSetting.expected(Setting.MODEL, "replay/FILE (a JSONL export of a run)", "an empty file name");
    return ReplayModel.load(Path.of(modelName), "replay/" + modelName);
  }
}
