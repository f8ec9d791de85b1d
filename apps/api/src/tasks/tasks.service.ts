import { Injectable } from '@nestjs/common';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { todayJst } from '../../../../libs/japanese/jst';
import { TaskDto, TaskListQueryDto } from './dto/task.dto';
import { TasksRepository } from './tasks.repository';

/**
 * One task list over visit follow-ups and council follow-ups. Station users only: follow-ups are the
 * station's work and name who does it; hq reads them where it may already (visit follow-ups without
 * owners, the council board) and gets no task list (403) — nobody at hq owns a station's task.
 */
@Injectable()
export class TasksService {
  constructor(private readonly repo: TasksRepository) {}

  async list(user: RequestUser, q: TaskListQueryDto): Promise<Page<TaskDto>> {
    const page = pageRequest({ page: q.page, pageSize: q.pageSize }, { dueOn: 'due_on' }, 'dueOn');
    const today = todayJst();
    const { items, total } = await this.repo.list(
      user,
      {
        mine: q.assignee === 'me',
        status: q.status ?? 'active',
        overdueBefore: q.overdue === 'true' ? today : undefined,
        today,
      },
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }
}
