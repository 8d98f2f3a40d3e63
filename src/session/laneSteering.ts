// Steering wired to a session's lane: the owner (Steering) with the ports it needs, and its
// subscription to the steer events of whichever connection the session uses now.
import type { ConnectionSupervisor } from './ConnectionSupervisor.js';
import type { Conversation } from './Conversation.js';
import { isSteerableModel, type SteeringMode } from './modelTuning.js';
import type { SessionSink } from './SessionFile.js';
import type { SessionEvent } from './sessionEvents.js';
import { Steering } from './Steering.js';

export interface LaneSteeringDeps {
  lane: () => string | null;
  supervisor: () => ConnectionSupervisor;
  conversation: Conversation;
  mode: SteeringMode | undefined;
  steeringModels: Record<string, boolean> | undefined;
  sink: SessionSink | undefined;
  emit: (event: SessionEvent) => void;
}

export interface LaneSteering {
  readonly steering: Steering;
  /** Listens to the current supervisor's steer events (again after the session changed supervisor). */
  watch(): void;
  unwatch(): void;
}

export function laneSteering(deps: LaneSteeringDeps): LaneSteering {
  const steering = new Steering({
    lane: deps.lane,
    // Native only over the socket, for a model that can steer, unless the user asked for the queue.
    nativeAllowed: () => deps.mode !== 'queue' && deps.supervisor().kind === 'ws' && isSteerableModel(deps.conversation.model, deps.steeringModels ?? {}),
    send: (previousResponseId, text) => deps.supervisor().steer({ previous_response_id: previousResponseId, input: text }),
    addItem: (item, steerId) => deps.conversation.addSteerItem(item, steerId),
    sink: deps.sink,
    emit: deps.emit,
  });
  let unwatch: () => void = () => undefined;
  return {
    steering,
    watch: () => {
      unwatch();
      unwatch = deps.supervisor().onSteer((notice) => steering.onNotice(notice));
    },
    unwatch: () => unwatch(),
  };
}
