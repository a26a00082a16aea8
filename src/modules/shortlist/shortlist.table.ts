export interface ShortlistItemTable {
  user_id: number;
  practice_id: number;
  added_at: string;
}
