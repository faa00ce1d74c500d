/**
 * `npm run compose`: supergraph.yaml -> supergraph.graphql, and its client-facing API schema ->
 * packages/sdk/schema.graphql (both committed; npm test checks they are fresh).
 */
import { writeFileSync } from 'node:fs';
import { apiSchemaFromSupergraph, composeSupergraph, readSupergraphConfig } from '../gateway/src/composition.js';

const sdl = composeSupergraph(readSupergraphConfig('supergraph.yaml'));
writeFileSync('supergraph.graphql', sdl);
console.log(`supergraph.graphql written (${sdl.length} bytes)`);

const api = apiSchemaFromSupergraph(sdl);
writeFileSync('packages/sdk/schema.graphql', api);
console.log(`packages/sdk/schema.graphql written (${api.length} bytes)`);
