import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Zone } from './zone.entity.js';

/** `neighbourId` borders `zoneId`: an alert dispatched to the zone may reach its neighbours' responders too. */
@Entity('zone_neighbours')
@Check('CHK_zone_neighbours_other', `"zone_id" <> "neighbour_id"`)
@Index('IDX_zone_neighbours_neighbour', ['neighbourId'])
export class ZoneNeighbour {
  @PrimaryColumn('uuid')
  zoneId!: string;

  @PrimaryColumn('uuid')
  neighbourId!: string;

  @ManyToOne(() => Zone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'FK_zone_neighbours_zone' })
  zone?: Zone;

  @ManyToOne(() => Zone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'neighbour_id', foreignKeyConstraintName: 'FK_zone_neighbours_neighbour' })
  neighbour?: Zone;
}
