/**
 * Creates a deal through the typed SDK, moves it to the next stage and prints what the API reads back.
 *
 *   BIZOSAAS_URL=http://127.0.0.1:4000/graphql BIZOSAAS_API_KEY=bzk_... npx tsx packages/sdk/examples/create-deal.ts
 *   npx tsx packages/sdk/examples/create-deal.ts http://127.0.0.1:4000/graphql bzk_...
 *
 * The URL and key come from `npm start`'s banner. Uses nothing but `@bizosaas/sdk`.
 */
import { BizOSaaSError, createBizOSaaSClient, type BizOSaaSClient, type DealQuery } from '@bizosaas/sdk';

export type ReadBackDeal = NonNullable<DealQuery['deal']>;

export const EXAMPLE_DEAL_TITLE = 'SDK example: onboarding package';
export const EXAMPLE_DEAL_AMOUNT = { amount: '4200.00', currency: 'EUR' };

/**
 * Lists the pipelines, creates a deal with an amount in the first stage of the first pipeline, moves it
 * to the next stage and returns the deal as read back. Rejects with BizOSaaSError when the API refuses.
 */
export async function createAndReadDeal(sdk: BizOSaaSClient, title: string = EXAMPLE_DEAL_TITLE): Promise<ReadBackDeal> {
  const { pipelines } = await sdk.Pipelines();
  const pipeline = pipelines[0];
  const [firstStage, nextStage] = pipeline?.stages ?? [];
  if (!pipeline || !firstStage || !nextStage) throw new Error('The tenant needs a deal pipeline with at least two stages');

  const { createDeal } = await sdk.CreateDeal({
    input: { title, amount: EXAMPLE_DEAL_AMOUNT, pipelineId: pipeline.id, stageId: firstStage.id },
  });
  await sdk.UpdateDealStage({ id: createDeal.id, stageId: nextStage.id });

  const { deal } = await sdk.Deal({ id: createDeal.id });
  if (!deal) throw new Error(`Deal ${createDeal.id} was created but cannot be read back`);
  return deal;
}

async function main(argv: readonly string[]): Promise<void> {
  const url = argv[0] ?? process.env.BIZOSAAS_URL;
  const apiKey = argv[1] ?? process.env.BIZOSAAS_API_KEY;
  if (!url || !apiKey) {
    console.error('Usage: create-deal.ts [url] [api key], or set BIZOSAAS_URL and BIZOSAAS_API_KEY');
    process.exitCode = 2;
    return;
  }
  try {
    const deal = await createAndReadDeal(createBizOSaaSClient({ url, apiKey }));
    console.log(`Deal ${deal.id}: "${deal.title}", ${deal.amount?.amount ?? '-'} ${deal.amount?.currency ?? ''}, stage ${deal.stage.name} (${deal.probability ?? '-'}%) in ${deal.pipeline.name}`);
  } catch (error) {
    if (!(error instanceof BizOSaaSError)) throw error;
    console.error(`${error.message} (HTTP ${error.status ?? '-'}, request ${error.requestId ?? '-'})`);
    process.exitCode = 1;
  }
}

// Run only as a script, not when a test imports createAndReadDeal.
if (process.argv[1] === import.meta.filename) await main(process.argv.slice(2));
