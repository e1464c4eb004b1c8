/**
 * The first model we suggest: DeepSeek's own 1.5B distill writes R1-style <think> reasoning
 * out of the box and runs on a laptop CPU; Q4_K_M keeps it near 1.1 GB.
 */
export const RECOMMENDED_MODEL_URI = 'hf:bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M';
export const RECOMMENDED_MODEL_LABEL = 'DeepSeek-R1-Distill-Qwen-1.5B (Q4_K_M, ≈1.1 GB)';
