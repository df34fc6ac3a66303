import { questionnaireStatusesOf, QuestionnaireTaskView, taskOf } from './task';

const task: QuestionnaireTaskView = {
  id: '5b1c7f0e-4a8e-4f51-9d0a-6f7f0b6f2a11',
  episodeId: '0c7d8a52-1b6e-4f3a-8a3e-7d2b9e1c4f00',
  patientId: 'a3e1f6c2-9b7d-4e58-8c21-3f4a5b6c7d8e',
  kind: 'nrs_one_year',
  dueOn: '2027-12-01',
  status: 'open',
};

describe('an NRS questionnaire as a FHIR Task', () => {
  it('asks the patient, about the episode, from a month before the due date until it', () => {
    expect(taskOf(task)).toEqual({
      resourceType: 'Task',
      id: task.id,
      status: 'requested',
      intent: 'order',
      code: {
        coding: [{ system: 'urn:rehab-scheduler:questionnaire-task', code: 'nrs_one_year', display: 'NRS questionnaire one year after discharge' }],
        text: 'NRS-formulär ett år efter utskrivning',
      },
      description: 'NRS-formulär ett år efter utskrivning: patienten skattar sin smärta (NRS 0–10).',
      for: { reference: `Patient/${task.patientId}` },
      focus: { reference: `EpisodeOfCare/${task.episodeId}` },
      restriction: { period: { start: '2027-11-01', end: '2027-12-01' } },
    });
  });

  it('is completed once recorded as answered', () => {
    expect(taskOf({ ...task, kind: 'nrs_at_discharge', status: 'done' })).toMatchObject({ status: 'completed', code: { text: 'NRS-formulär vid utskrivning' } });
  });

  it('searches a FHIR status as the statuses of ours it stands for', () => {
    expect(questionnaireStatusesOf(['requested'])).toEqual(['open']);
    expect(questionnaireStatusesOf(['completed', 'requested'])).toEqual(['open', 'done']);
    expect(questionnaireStatusesOf(['cancelled'])).toEqual([]);
  });
});
