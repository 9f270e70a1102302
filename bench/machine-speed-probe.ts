// Prints the machine-speed probe's figure (bench/machine-speed.ts) from a fresh process, so
// that the caller's heap and JIT state do not weigh on it.
import { machineSpeedMs } from './machine-speed';

console.log(machineSpeedMs().toFixed(1));
