import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class ImportRowError {
  @Field(() => Int, { description: 'Row number as the spreadsheet shows it (the header is row 1)' })
  row!: number;

  @Field()
  field!: string;

  @Field()
  message!: string;
}

@ObjectType()
export class VolunteerImportResult {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int, { description: 'Rows that matched an existing volunteer exactly' })
  unchanged!: number;

  @Field(() => [ImportRowError])
  errors!: ImportRowError[];
}
