import { LoginErrorType } from "@shopify/shopify-app-remix/server";

type LoginError = { shop?: LoginErrorType };

/** The login form's error in Tandem's words; it never repeats what was typed. */
export function loginErrorMessage(loginErrors: LoginError | Response | undefined): { shop?: string } {
  if (!loginErrors || loginErrors instanceof Response) return {};
  if (loginErrors.shop === LoginErrorType.MissingShop) return { shop: "Enter your store's domain, for example my-store.myshopify.com." };
  if (loginErrors.shop === LoginErrorType.InvalidShop)
    return { shop: "That is not a Shopify store domain. Enter it as my-store.myshopify.com (find it in Shopify under Settings, Domains)." };
  return {};
}
