// Wires chains into the job runtime's attempt hooks: a job whose meta carries
// `chain: { id, step }` hands off to the next step when it completes and calls the
// chain's catch when it fails for good.
import { registerAttemptHooks } from "../attempt-hooks";
import { chainMetaOf } from "./chain-meta";
import { afterChainStepCompleted, afterChainStepFailed, beforeChainAttempt } from "./chain-lifecycle";

registerAttemptHooks({
  name: "chains",
  async beforeAttempt({ meta }) {
    const chain = chainMetaOf(meta);
    return chain ? beforeChainAttempt(chain.id, chain.step) : undefined;
  },
  async afterCompleted({ meta }, result) {
    const chain = chainMetaOf(meta);
    if (chain) await afterChainStepCompleted(chain.id, chain.step, result);
  },
  async afterFailed({ meta }, error) {
    const chain = chainMetaOf(meta);
    if (chain) await afterChainStepFailed(chain.id, chain.step, error);
  },
});
