import Foundation
import Incidents
import PostgresNIO

extension PostgresRandomAccessRow {
    func dispatchOrder() throws -> DispatchOrder {
        DispatchOrder(id: try value("id"), incidentId: try value("incidentId"), forceId: try value("forceId"),
                      forceType: try enumValue("forceType"), rule: try value("rule"), tier: try value("tier"),
                      state: try enumValue("state"), distanceMeters: try value("distanceMeters"),
                      deadline: try time("deadline"), createdAt: try time("createdAt"), updatedAt: try time("updatedAt"))
    }

    func orderTransition() throws -> OrderTransition {
        let from = try value("fromState", as: String?.self)
        let fromState = from.flatMap(DispatchOrder.State.init(rawValue:))
        if let from, fromState == nil { throw UnknownValue(column: "fromState", text: from) }
        return OrderTransition(id: try value("id"), orderId: try value("orderId"), fromState: fromState,
                               toState: try enumValue("toState"), at: try time("at"), actor: try value("actor"),
                               note: try value("note"))
    }

    func outboxMessage() throws -> OutboxMessage {
        OutboxMessage(id: try value("id"), orderId: try value("orderId"), url: try value("url"), body: try value("body"),
                      signature: try value("signature"), attempts: try value("attempts"),
                      nextAttemptAt: try time("nextAttemptAt"), deliveredAt: try time("deliveredAt"),
                      lastError: try value("lastError"), createdAt: try time("createdAt"), failedAt: try time("failedAt"))
    }
}
