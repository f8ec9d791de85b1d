import ical, { ICalCalendarMethod } from 'ical-generator';
import type { CalendarItemDto } from './dto/calendar.dto';

const KIND_JA: Record<CalendarItemDto['kind'], string> = {
  visit: '訪問',
  seminar: 'セミナー',
  meeting: '協議会',
  follow_up: '期限',
};

const STATUS_JA: Record<string, string> = {
  planned: '予定',
  draft: '下書き',
  submitted: '決裁待ち',
  approved: '承認済み',
  returned: '差戻し',
  scheduled: '予定',
  held: '実施済み',
  open: '未着手',
  in_progress: '対応中',
  done: '完了',
};

/** The path of the web screen that shows the entry's record. */
export function recordPath(item: Pick<CalendarItemDto, 'link'>): string {
  switch (item.link.type) {
    case 'visit':
      return `/visits/${item.link.id}`;
    case 'seminar':
      return `/seminars/${item.link.id}`;
    case 'meeting':
      return `/council/meetings/${item.link.id}`;
    case 'follow_up':
      return `/council/follow-ups`;
  }
}

/**
 * RFC 5545 (iCalendar) of the same entries as GET /calendar, through ical-generator: timed visits
 * in UTC (DTSTART…Z, what every client converts), whole-day entries as VALUE=DATE. The UID is stable
 * per record (kind-id@outreach), so a re-imported file updates instead of duplicating. The summary
 * is the entry's need-to-know title with its kind; the description names the screen to open.
 */
export function renderIcs(items: CalendarItemDto[], name: string, now: Date = new Date()): string {
  const calendar = ical({
    name,
    prodId: { company: 'outreach', product: 'calendar', language: 'JA' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const item of items) {
    const status = STATUS_JA[item.status] ?? item.status;
    calendar.createEvent({
      id: `${item.kind}-${item.id}@outreach`,
      stamp: now,
      start: item.allDay ? item.date : new Date(item.start),
      ...(item.end ? { end: new Date(item.end) } : {}),
      allDay: item.allDay,
      summary: `[${KIND_JA[item.kind]}] ${item.title}`,
      description: `${KIND_JA[item.kind]}（${status}） ${recordPath(item)}`,
    });
  }
  return calendar.toString();
}
