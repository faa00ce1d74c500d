import type { DomainEvent } from '../events/domain-event.js';
import type { Money } from '../shared/money.js';

export const CrmEventTypes = {
  ContactCreated: 'crm.contact.created.v1',
  DealCreated: 'crm.deal.created.v1',
  DealStageChanged: 'crm.deal.stage_changed.v1',
} as const;

export interface ContactCreatedPayload {
  readonly contactId: string;
  readonly email: string;
}

export interface DealCreatedPayload {
  readonly dealId: string;
  readonly title: string;
  readonly amount: Money | null;
  readonly pipelineId: string;
  readonly stageId: string;
}

export interface DealStageChangedPayload {
  readonly dealId: string;
  readonly pipelineId: string;
  readonly fromStageId: string;
  readonly toStageId: string;
}

export type ContactCreated = DomainEvent<typeof CrmEventTypes.ContactCreated, ContactCreatedPayload>;
export type DealCreated = DomainEvent<typeof CrmEventTypes.DealCreated, DealCreatedPayload>;
export type DealStageChanged = DomainEvent<typeof CrmEventTypes.DealStageChanged, DealStageChangedPayload>;
export type CrmEvent = ContactCreated | DealCreated | DealStageChanged;
