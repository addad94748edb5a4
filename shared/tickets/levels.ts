/**
 * The intake questions of docs/sla-rules.md and the fault level they propose. The customer answers;
 * the desk confirms or changes the level with a reason (triage).
 *
 *   the plan's three questions (level 1): system down or service interrupted? business interrupted for
 *   more than 10 minutes? key data lost? — any yes → 1
 *   the rules' follow-up (level 2): performance or capacity partly lost, or an outage threatening? — yes → 2
 *   otherwise → 3
 *
 * The follow-up is optional: without it, three noes propose level 3.
 */
import type { FaultLevel } from '../sla/levels.ts';

export const INTAKE_QUESTIONS = [
  {
    id: 'serviceDown',
    proposes: 1,
    text: { 'zh-CN': '系统是否宕机或服务中断?', en: 'Is the system down or the service interrupted?' },
  },
  {
    id: 'businessInterrupted',
    proposes: 1,
    text: {
      'zh-CN': '业务是否已中断超过 10 分钟?',
      en: 'Has business been interrupted for more than 10 minutes?',
    },
  },
  {
    id: 'dataLost',
    proposes: 1,
    text: { 'zh-CN': '是否丢失了关键业务数据?', en: 'Has key business data been lost?' },
  },
  {
    id: 'degraded',
    proposes: 2,
    text: {
      'zh-CN': '性能或容量是否部分丧失,或存在中断风险?',
      en: 'Is performance or capacity partly lost, or is an outage threatening?',
    },
  },
] as const;

export type IntakeQuestionId = (typeof INTAKE_QUESTIONS)[number]['id'];

export interface IntakeAnswers {
  serviceDown: boolean;
  businessInterrupted: boolean;
  dataLost: boolean;
  degraded?: boolean | undefined;
}

/** The fault level the answers propose (1 most severe). */
export function proposeFaultLevel(answers: IntakeAnswers): FaultLevel {
  if (answers.serviceDown || answers.businessInterrupted || answers.dataLost) return 1;
  if (answers.degraded === true) return 2;
  return 3;
}
