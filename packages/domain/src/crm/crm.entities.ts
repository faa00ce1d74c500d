import type { EntityBase } from '../shared/entity.js';
import type { Money } from '../shared/money.js';

/** A person the business has a relationship with. */
export interface Contact extends EntityBase {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly jobTitle: string | null;
  /** The company the contact belongs to, by canonical id. */
  readonly companyId: string | null;
}

export interface Company extends EntityBase {
  readonly name: string;
  /** Web domain, e.g. `acme.example`. */
  readonly domain: string | null;
  readonly industry: string | null;
  readonly employeeCount: number | null;
}

/** An opportunity moving through a pipeline's stages. */
export interface Deal extends EntityBase {
  readonly title: string;
  /** Non-negative; one currency per deal. */
  readonly amount: Money | null;
  readonly pipelineId: string;
  readonly stageId: string;
  /** Win probability in percent, 0..100. */
  readonly probability: number | null;
  readonly closeDate: Date | null;
  readonly contactId: string | null;
  readonly companyId: string | null;
}

/** A sales pipeline: the ordered stages a deal may be in. Stage ids are unique within a pipeline. */
export interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly stages: readonly PipelineStage[];
}

export interface PipelineStage {
  readonly id: string;
  readonly name: string;
  /** Default win probability for deals entering the stage, 0..100. */
  readonly probability: number;
  readonly closed: boolean;
  readonly won: boolean;
}

export interface NewContact {
  readonly email: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly phone?: string | null;
  readonly jobTitle?: string | null;
  readonly companyId?: string | null;
}

/** Fields to change; an omitted field is left as it is, `null` clears it. */
export type ContactPatch = Partial<NewContact>;

export interface NewDeal {
  readonly title: string;
  readonly amount?: Money | null;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly probability?: number | null;
  readonly closeDate?: Date | null;
  readonly contactId?: string | null;
  readonly companyId?: string | null;
  /**
   * Our reference for the deal (its outbox intent's key). A connection that names a CRM property for it
   * writes it there, so `CrmPort.findDealByReference` finds the deal exactly after a crash; others ignore it.
   */
  readonly externalReference?: string | null;
}

export type DealPatch = Partial<Omit<NewDeal, 'externalReference'>>;

export interface ContactFilter {
  /** Case-insensitive match on the whole email address. */
  readonly email?: string;
  readonly companyId?: string;
}

export interface DealFilter {
  readonly contactId?: string;
  readonly companyId?: string;
  readonly pipelineId?: string;
  readonly stageId?: string;
}
