package dev.candor.agent;

import dev.candor.model.Generator;
import dev.candor.core.Transcript;
import dev.candor.core.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import java.util.ArrayList;
import java.util.List;

/** One generation on the sample's input; the system prompt from the config, if any, goes first. */
public final class SingleTurn implements Solver {
  @Override
  public Transcript solve(Sample sample, Generator model, GenerateConfig config, String reasoningPrefix) throws ModelException {
    List<Message> msgs = new ArrayList<>();
    if (config.systemPrompt() != null && sample.input().stream().noneMatch(m -> m.role() == dev.candor.model.Role.SYSTEM))
      msgs.add(Message.system(config.systemPrompt()));
    msgs.addAll(sample.input());
    Output out = model.generate(new ModelRequest(msgs, List.of(), config, reasoningPrefix));
    List<Message> all = new ArrayList<>(msgs);
    all.add(Message.assistant(out.text(), out.reasoning(), out.toolCalls()));
    return new Transcript(all, out, List.of());
  }
}
