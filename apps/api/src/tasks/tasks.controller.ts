import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { Page } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { TaskDto, TaskListQueryDto, TaskPageDto } from './dto/task.dto';
import { TASKS_ERROR_CODES } from './tasks.errors';
import { TasksService } from './tasks.service';

/** 「タスク」: visit follow-ups and council follow-ups in one list, the caller's or their station's. */
@ApiTags('tasks')
@ApiErrorResponses('Tasks', TASKS_ERROR_CODES)
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentUser() user: RequestUser, @Query() query: TaskListQueryDto): Promise<Page<TaskDto>> {
    return this.tasks.list(user, query);
  }
}
