import { describe, expect, it } from 'vitest';
import { isBlankParticipant, parsePastedParticipants, participantsTotal } from './ParticipantsEditor';
import { seminarFields, seminarToValues, validateSeminar } from './SeminarForm';
import i18n from '../../i18n';

const t = i18n.getFixedT('ja');

describe('bulk participants', () => {
  it('parses rows pasted from a spreadsheet', () => {
    const rows = parsePastedParticipants('岩国市立東中学校\t120\n岩国商工会議所\t１５\n名前だけ\n');
    expect(rows.map((r) => [r.name, r.attendeeCount])).toEqual([
      ['岩国市立東中学校', 120],
      ['岩国商工会議所', 15],
      ['名前だけ', ''],
    ]);
    expect(participantsTotal(rows)).toBe(135);
  });

  it('drops blank rows and sends organization or name with the count', () => {
    const v = seminarToValues();
    v.title = '経済安全保障セミナー';
    v.participants = [
      { key: 'a', organization: { id: 'o1', name: 'A社' }, name: '', attendeeCount: 3 },
      { key: 'b', organization: null, name: '岩国高校', attendeeCount: 40 },
      { key: 'c', organization: null, name: '', attendeeCount: '' },
    ];
    expect(isBlankParticipant(v.participants[2])).toBe(true);
    expect(validateSeminar(v, t)).toEqual({});
    expect(seminarFields(v).participants).toEqual([
      { organizationId: 'o1', attendeeCount: 3 },
      { name: '岩国高校', attendeeCount: 40 },
    ]);
  });

  it('flags a count without an organization or name', () => {
    const v = seminarToValues();
    v.title = 'x';
    v.participants = [{ key: 'a', organization: null, name: '', attendeeCount: 5 }];
    expect(validateSeminar(v, t)['participants.0.name']).toBe('組織を選択するか名称を入力してください。');
  });
});
