// The one typed listener set used on both sides of the protocol: transports, the task manager, the graph store.
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(handler: (value: T) => void): () => void {
    this.set.add(handler);
    return () => this.set.delete(handler);
  }

  emit(value: T): void {
    for (const h of [...this.set]) h(value);
  }

  get size(): number {
    return this.set.size;
  }

  clear(): void {
    this.set.clear();
  }
}
