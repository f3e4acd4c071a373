#!/usr/bin/env node
// `npx encours …`: the command-line interface (src/server/cli.ts), run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
