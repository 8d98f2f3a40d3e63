// A first-come first-served counting semaphore: at most `max` holders at once, the rest wait in
// the order they asked. A connection uses one to cap the responses in flight across its lanes.
export class SlotGate {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  acquire(): Promise<void> {
    if (this.held < this.max) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the longest waiter, so a late arrival cannot overtake it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }

  get inUse(): number {
    return this.held;
  }
}
