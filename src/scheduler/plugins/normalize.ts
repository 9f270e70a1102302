// helper.DefaultNormalizeScore: scale scores to [0, maxScore] by the highest score,
// optionally reversed (a higher raw count is worse). Integer division as in Go.
import { MAX_NODE_SCORE } from '../framework/interfaces';

export function defaultNormalizeScore(scores: number[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
