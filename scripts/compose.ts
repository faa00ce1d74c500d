/** `npm run compose`: supergraph.yaml -> supergraph.graphql (committed; npm test checks it is fresh). */
import { writeFileSync } from 'node:fs';
import { composeSupergraph, readSupergraphConfig } from '../gateway/src/composition.js';

const sdl = composeSupergraph(readSupergraphConfig('supergraph.yaml'));
writeFileSync('supergraph.graphql', sdl);
console.log(`supergraph.graphql written (${sdl.length} bytes)`);
