import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type DragEvent } from 'react';
import { PipelineBoardDocument, UpdateDealStageDocument, type DealFieldsFragment, type PipelineBoardQuery } from '../__generated__/graphql';
import { formatMoney } from '../ui/format';
import { Link } from '../ui/router';
import { ErrorNotice, QueryState } from '../ui/status';

type Pipeline = PipelineBoardQuery['pipelines'][number];

/**
 * The pipeline as a board: a column per stage, deals as cards. Drag a card to another column, or pick the
 * stage from its menu (keyboard), to call updateDealStage; the card moves at once (optimistic) and goes
 * back with the error shown if the server refuses.
 */
export function PipelinePage() {
  const board = useQuery(PipelineBoardDocument, { variables: { first: 100 } });
  const [moveDeal, move] = useMutation(UpdateDealStageDocument);
  const [dragging, setDragging] = useState<string | undefined>();
  const pipelines = board.data?.pipelines ?? [];
  const deals = board.data?.deals.nodes ?? [];

  const moveTo = (deal: DealFieldsFragment, pipeline: Pipeline, stageId: string) => {
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (!stage || stage.id === deal.stage.id) return;
    void moveDeal({
      variables: { id: deal.id, stageId },
      optimisticResponse: { __typename: 'Mutation', updateDealStage: { ...deal, stage, probability: stage.probability } },
    }).catch(() => undefined);
  };

  return (
    <QueryState loading={board.loading} error={board.error} hasData={!!board.data} isEmpty={pipelines.length === 0} what="the pipeline" empty="No pipelines: connect a CRM on the Connections page.">
      {() => (
        <>
          {move.error ? <ErrorNotice error={move.error} title="The deal was not moved" /> : null}
          {pipelines.map((pipeline) => (
            <section key={pipeline.id} aria-labelledby={`pipeline-${pipeline.id}`}>
              <h2 id={`pipeline-${pipeline.id}`}>{pipeline.name}</h2>
              <div className="board">
                {pipeline.stages.map((stage) => {
                  const inStage = deals.filter((deal) => deal.pipeline.id === pipeline.id && deal.stage.id === stage.id);
                  const drop = (event: DragEvent) => {
                    event.preventDefault();
                    const deal = deals.find((d) => d.id === event.dataTransfer.getData('text/plain'));
                    if (deal) moveTo(deal, pipeline, stage.id);
                    setDragging(undefined);
                  };
                  return (
                    <section key={stage.id} className="column" data-stage={stage.id} aria-label={`${stage.name} (${inStage.length})`} onDragOver={(e) => e.preventDefault()} onDrop={drop}>
                      <h3>{stage.name} <span className="muted">{inStage.length}</span></h3>
                      {inStage.length === 0 ? <p className="empty">No deals</p> : null}
                      <ul>
                        {inStage.map((deal) => (
                          <li
                            key={deal.id}
                            className={`card${dragging === deal.id ? ' dragging' : ''}`}
                            draggable
                            data-deal={deal.id}
                            onDragStart={(event) => {
                              event.dataTransfer.setData('text/plain', deal.id);
                              setDragging(deal.id);
                            }}
                            onDragEnd={() => setDragging(undefined)}
                          >
                            <strong>{deal.title}</strong>
                            <span>{formatMoney(deal.amount)} · {deal.probability ?? 0}%</span>
                            {deal.contact ? <Link href={`/crm/contacts/${encodeURIComponent(deal.contact.id)}`}>{deal.contact.fullName || deal.contact.email}</Link> : null}
                            <label>
                              <span className="visually-hidden">Stage of {deal.title}</span>
                              <select value={deal.stage.id} onChange={(e) => moveTo(deal, pipeline, e.target.value)}>
                                {pipeline.stages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                              </select>
                            </label>
                          </li>
                        ))}
                      </ul>
                    </section>
                  );
                })}
              </div>
            </section>
          ))}
        </>
      )}
    </QueryState>
  );
}
