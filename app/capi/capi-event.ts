// What Tandem sends to Meta: one server event of the Conversions API. Produced only by
// the mappers and checked by validate.ts before it leaves.

import type { CapiEventName } from "./meta-limits";

export type { CapiEventName };
export type ActionSource = "website" | "physical_store" | "system_generated";

/** Hashed keys are arrays of lowercase sha256 hex; the rest are sent as they are. */
export type UserData = {
  em?: string[];
  ph?: string[];
  fn?: string[];
  ln?: string[];
  ct?: string[];
  st?: string[];
  zp?: string[];
  country?: string[];
  external_id?: string[];
  client_ip_address?: string;
  client_user_agent?: string;
  fbp?: string;
  fbc?: string;
};

export type ContentItem = { id: string; quantity: number; item_price?: number };

export type CustomData = {
  value?: number;
  currency?: string;
  content_ids?: string[];
  contents?: ContentItem[];
  content_type?: "product" | "product_group";
  num_items?: number;
  order_id?: string;
  /** Subscribe only: the merchant's predicted lifetime value of a new subscriber. */
  predicted_ltv?: number;
};

export type CapiEvent = {
  event_name: CapiEventName;
  event_time: number;
  event_id: string;
  action_source: ActionSource;
  event_source_url?: string;
  user_data: UserData;
  custom_data: CustomData;
  data_processing_options?: [] | ["LDU"];
  data_processing_options_country?: number;
  data_processing_options_state?: number;
};
