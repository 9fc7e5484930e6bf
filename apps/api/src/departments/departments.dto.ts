import { ApiProperty } from '@nestjs/swagger';
import { Name } from '../http/fields';
import { PositionAnswer } from '../http/codes';

export class DepartmentNameDto {
  @Name({ example: 'Design studio' })
  name!: string;
}

export class CreateDepartmentAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
}
