// The export formats, in their own module so the exports panel can load them on demand
// (keep in sync with the formats ExportsPanel.svelte shows).
export {
  toBindZone,
  toCloudflareApi,
  toCloudflareRows,
  toCurl,
  toDnscontrol,
  toHostRecords,
} from '../../../lib/index.ts';
