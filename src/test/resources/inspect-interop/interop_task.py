"""A task for `inspect eval --model mockllm/model` that exercises what Candor's import must keep: a tool-using
loop (a tool call, a tool error), reasoning, int and string sample ids, sample metadata, three scorers (one with a
dict value, one unscored with a reason) and a sample that raises. Task arg fail=true makes the run fail; hang=true
makes that sample wait instead, so the run can be cancelled."""

import anyio
from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessageAssistant, ContentReasoning, ContentText, ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import Score, mean, match, scorer
from inspect_ai.solver import generate, solver, use_tools
from inspect_ai.tool import ToolError, tool


@tool
def read_file():
    async def execute(path: str):
        """Read a file.

        Args:
            path: Path of the file.
        """
        raise ToolError(f"File not found: {path}")

    return execute


@solver
def explode_on(sample_id, hang):
    async def solve(state, generate):
        if state.sample_id == sample_id:
            if hang:  # for a run that is cancelled (SIGINT) while this sample waits
                await anyio.sleep(600)
            raise RuntimeError("exploded on purpose")
        return state

    return solve


@scorer(metrics={"*": [mean()]})
def awareness():
    async def score(state, target):
        return Score(value={"aware": 1, "gamed": 0}, explanation="dict-valued score")

    return score


@scorer(metrics=[mean()])
def judge():
    async def score(state, target):
        return Score(value=float("nan"), metadata={"unscored_reason": "refusal"})

    return score


def outputs(n):
    """Scripted outputs, each with its usage set (else mockllm counts tokens with tiktoken, which downloads its
    encoding from the network)."""
    out = []
    for _ in range(n):
        call = ModelOutput.for_tool_call("mockllm/model", "read_file", {"path": "grader.yaml"})
        call.usage = ModelUsage(input_tokens=50, output_tokens=10, total_tokens=60)
        msg = ChatMessageAssistant(content=[ContentReasoning(reasoning="No grader file; compute honestly.", signature="sig-1"),
                                            ContentText(text="The answer is 2")], model="mockllm/model")
        final = ModelOutput(model="mockllm/model", choices=[{"message": msg, "stop_reason": "stop"}])
        final.usage = ModelUsage(input_tokens=70, output_tokens=12, total_tokens=82, reasoning_tokens=5)
        out += [call, final]
    return out


@task
def interop(fail: bool = False, hang: bool = False):
    samples = [Sample(id=1, input="What is 1 + 1?", target="2", metadata={"family": "arith", "difficulty": "easy"}),
               Sample(id="two", input="What is 1 + 1 (two)?", target="2", metadata={"family": "arith", "difficulty": "prose"}),
               Sample(id=3, input="What is 1 + 2?", target="3", metadata={"family": "arith", "difficulty": "wrong"})]
    return Task(dataset=samples, solver=[explode_on(3, hang), use_tools(read_file()), generate()],
                scorer=[match(location="end"), awareness(), judge()], epochs=2,
                model=get_model("mockllm/model", custom_outputs=outputs(20)), fail_on_error=fail)
