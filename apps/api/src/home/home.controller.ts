import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { RequestUser } from '../../../../libs/http/request-context';
import { HomeDto } from './dto/home.dto';
import { HOME_ERROR_CODES } from './home.errors';
import { HomeService } from './home.service';

/** The landing page after login: one round trip with the caller's role's sections. */
@ApiTags('home')
@ApiErrorResponses('Home', HOME_ERROR_CODES)
@Controller('api/v1/home')
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: HomeDto })
  get(@CurrentUser() user: RequestUser): Promise<HomeDto> {
    return this.home.get(user);
  }
}
