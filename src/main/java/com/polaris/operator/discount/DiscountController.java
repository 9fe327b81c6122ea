package com.polaris.operator.discount;

import com.polaris.operator.api.RecordEndpoints;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reading discounts: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/discounts")
class DiscountController extends RecordEndpoints<Discount> {

    DiscountController(Discounts discounts) {
        super("Discount", discounts);
    }
}
