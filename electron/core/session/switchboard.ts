// Where a setSwitch goes: the table (protocol/switch-table.ts) says which layer owns each switch. Engine
// switches are flipped between batches of the layout loop; core switches are held here and pushed to their
// mechanism. A switch with nothing behind it yet is refused and reads off, so no one mistakes a toggle that
// changes nothing for a measured effect.
import {
  CORE_SWITCHES,
  DEFAULT_SWITCHES,
  isEngineSwitch,
  SWITCH_NAMES,
  switchSpec,
  type CoreSwitchName,
  type SwitchName,
  type Switches,
} from '../../../protocol/switch-table.js';
import type { Engine } from '../engine/engine-api.js';
import type { LayoutLoop } from './layout-loop.js';

export class Switchboard {
  private readonly core = Object.fromEntries(CORE_SWITCHES.map((n) => [n, DEFAULT_SWITCHES[n]])) as Record<CoreSwitchName, boolean>;
  private readonly coreListeners: Partial<Record<CoreSwitchName, (on: boolean) => void>> = {};

  constructor(
    private readonly engine: Engine,
    private readonly loop: LayoutLoop,
  ) {}

  /** The mechanism behind a core switch, told each time it flips. */
  wire(name: CoreSwitchName, apply: (on: boolean) => void): void {
    this.coreListeners[name] = apply;
  }

  isOn(name: CoreSwitchName): boolean {
    return this.core[name];
  }

  async set(name: SwitchName, on: boolean): Promise<Switches> {
    const { landsWith } = switchSpec(name);
    if (landsWith) throw new Error(`switch ${name} is not wired yet: it lands with ${landsWith}`);
    if (isEngineSwitch(name)) await this.loop.run(() => this.engine.setSwitch(name, on));
    else {
      this.core[name] = on;
      this.coreListeners[name]?.(on);
    }
    return this.all();
  }

  all(): Switches {
    const engine = this.engine.getSwitches();
    return Object.fromEntries(
      SWITCH_NAMES.map((n) => [n, switchSpec(n).landsWith ? false : isEngineSwitch(n) ? engine[n] : this.core[n]]),
    ) as Switches;
  }
}
