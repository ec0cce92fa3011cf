import type { Priority } from '@sinag/core';
import { humanise } from '../format.ts';

export function PriorityBadge({ priority, score }: { priority: Priority; score?: number }) {
  return (
    <span className={`badge priority-${priority}`} title={score === undefined ? undefined : `Score ${score}`}>
      {humanise(priority)}
    </span>
  );
}
