// Builds the WASM core once before any suite, so tests always run the current source.
import { execSync } from 'node:child_process';

export default function setup(): void {
  execSync('npm run -s build:wasm', { stdio: 'inherit' });
}
