// Job chains (the seed's Bus::chain). Importing this module registers the chain
// hooks with the job runtime (see ./register-hooks.ts).
import "./register-hooks";

export { chain, chainStep, dispatchChain, type ChainOptions, type ChainStepInput, type DispatchedChain } from "./chain";
export { defineChainCatch, type ChainCatch, type ChainCatchContext, type ChainCatchRef } from "./chain-callbacks";
export { findChain, chainResults, chainOfJob } from "./find-chain";
export type { ChainSnapshot, ChainStepSnapshot } from "./chain-snapshot";
