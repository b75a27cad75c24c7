import { BlockStack, Box, Button, Collapsible } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { useNarrow } from "../../components/use-narrow";

/**
 * The figures above the orders list (the daily reconciliation and the accuracy). On a
 * phone, once a search or filter is on, they are put away behind one button: otherwise
 * they fill two screens and the orders the merchant searched for start below the first.
 * At the admin's width, and on a phone without a search, they show as always.
 */
export function OrdersFigures({ filtered, children }: { filtered: boolean; children: ReactNode }) {
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  if (!narrow || !filtered) return <>{children}</>;
  return (
    <BlockStack gap="400">
      <Box paddingInline="400">
        <Button
          variant="plain"
          disclosure={open ? "up" : "down"}
          onClick={() => setOpen(!open)}
          ariaControls="orders-figures"
          ariaExpanded={open}
        >
          {open ? "Hide the accuracy and daily figures" : "Show the accuracy and daily figures"}
        </Button>
      </Box>
      <Collapsible id="orders-figures" open={open}>
        <BlockStack gap="400">{children}</BlockStack>
      </Collapsible>
    </BlockStack>
  );
}
